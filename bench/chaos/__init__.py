"""`make chaos`: the production set-up on loopback under a learner load while its parts fail."""
