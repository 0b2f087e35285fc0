"""What the academy owes a person under the GDPR: the privacy policy and terms they accept at
sign-up, a copy of everything held about them, and deleting their account."""
