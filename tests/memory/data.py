"""Where the memory tests find the shared real data (read in place)."""

from pathlib import Path

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
TMX_DIR = DATA / "interop" / "okapi" / "tmx"
WMT = DATA / "wmt" / "newstest2019-2020_en-de"
FLORES = DATA / "flores200" / "devtest"
