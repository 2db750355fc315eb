"""The instructor side: class sessions, the live class dashboard, and the servers' launcher.

Nothing the student quiz imports may import this package: its dashboard pulls in
matplotlib, and its server module pulls in Voila. Import the modules you need directly
(``widgets.instructor.dashboard``, ``widgets.instructor.session_view`` ...); this file imports nothing.
"""
