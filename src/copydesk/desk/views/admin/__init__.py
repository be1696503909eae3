"""The admin pages: people, editions and their glossaries, and the administration trail.

Only the ``admin`` role opens them (``desk_view(Role.ADMIN)``; others get a
403 page naming the role), every form is a CSRF-protected POST, and every
change goes through the service the command line uses (``desk.staff``,
``desk.glossary``), which checks the role again and records the change in the
administration trail (``desk.admin_audit``). A password or token the desk
makes up is shown once, on the answer to the POST, which no cache keeps.
"""
