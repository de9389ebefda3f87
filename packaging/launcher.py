"""The bundle's entry point: PyInstaller starts a script, not a console_scripts entry.

``overlap`` is the command line (no command opens the window); ``overlap-gui``,
built on Windows and macOS without a console, always opens the window, as the
``overlap-gui`` entry point of an installed wheel does.
"""

import sys
from pathlib import Path

from app.cli import gui_main, main

if __name__ == "__main__":
    gui = Path(sys.executable).stem.lower().endswith("-gui")
    sys.exit(gui_main() if gui else main())
