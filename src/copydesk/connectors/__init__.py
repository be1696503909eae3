"""Clients for the systems a newsroom's articles come from and go to (feeds, CMSs).

Plain Python with the HTTP transport injectable; the desk schedules them and
records what they did.
"""
