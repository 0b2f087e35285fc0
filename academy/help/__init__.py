"""The help centre: help pages in Markdown (with an FAQ), and a contact form routed to staff."""
