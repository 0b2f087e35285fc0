"""Media at scale: signed, expiring recording links and where media files are stored."""
