"""Questions in context: help offered at the moment a learner struggles, and the learner's
question to the course's instructors, answered in one inbox per course."""
