"""Live webinars: sessions announced in courses/_webinars/, registration without an account,
the calendar, reminders, attendance, the public recording and the funnel into the academy."""
