"""Development and benchmark helpers: synthetic data, refused in production."""
