import os
import sys

from .cli import main

code = main()
# Exit without tearing down the content graph object by object: on a large corpus that takes
# longer than the command itself, and the process ends anyway.
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
