"""The publication pages: preview and confirm, live progress, the queue per account, job history,
the product page's Vinted section, the header budget badge and the dashboard figures.

Pages only: the jobs, their states and the Vinted calls live in vinted.jobs (the engine).
"""
