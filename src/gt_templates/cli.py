"""The ``gt-templates`` command line."""

from __future__ import annotations

import importlib

import click

# Each entry is "<module in gt_templates.commands>:<click command attribute>".
COMMANDS = (
    "test:smoke_command",
    "screenshot:screenshot",
    "render:render",
    "compile:compile_command",
    "preview:preview",
    "consolidate:consolidate",
    "check:check",
    "dry_run:dry_run_command",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gt-templates")
def main() -> None:
    """Compile, render, preview, test and check Ground Truth worker templates."""


def _register() -> None:
    for entry in COMMANDS:
        module_name, _, attribute = entry.partition(":")
        module = importlib.import_module(f"gt_templates.commands.{module_name}")
        main.add_command(getattr(module, attribute))


_register()
