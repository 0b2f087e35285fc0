"""E-mail the academy sends: the transactional outbox, its relay through the job queue,
learners' mail preferences, reminders (nudges) and the instructors' weekly digest."""
