# The fixtures of the permission matrix (an object of every kind, a signed-in client per role) serve the
# security tests too.
from tests.common.test_permissions import checked_permissions, clients, objects  # noqa: F401
