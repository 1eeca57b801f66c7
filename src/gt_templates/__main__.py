"""Run the command line as ``python -m gt_templates``."""

from gt_templates.cli import main

main(prog_name="gt-templates")
