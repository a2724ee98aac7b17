"""Staff users signing in once and reading the benchmark pages, a page at random at a time.

The pages come from the environment (``BENCH_PAGES``: a JSON object of name to path), set by
``bench/latency.py``; the user is ``BENCH_USER``.
"""

import json
import os
import random
import re

from locust import HttpUser, constant, task

PAGES = json.loads(os.environ.get("BENCH_PAGES", "{}"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class StaffUser(HttpUser):
    wait_time = constant(float(os.environ.get("BENCH_WAIT", "0.5")))

    def on_start(self):
        page = self.client.get("/accounts/login/", name="sign in")
        token = CSRF.search(page.text).group(1)
        self.client.post(
            "/accounts/login/",
            {
                "username": os.environ.get("BENCH_USER", "bench_manager"),
                "password": os.environ["BENCH_PASSWORD"],
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="sign in",
        )

    @task
    def page(self):
        """One page at random per task, so a slow page holds up only the user reading it."""
        name = random.choice(list(PAGES))
        with self.client.get(
            PAGES[name], name=name, catch_response=True, allow_redirects=False, timeout=300
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
