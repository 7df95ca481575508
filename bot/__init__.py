"""gapbot's Discord edge: a discord.py bot over the core engine (`gapbot`) and ingest (`ingest`).

Run it with `python -m bot` or `gapbot run` (needs DISCORD_TOKEN).
"""
