// Preloaded into every `node --test` process by scripts/test.sh (and so into each test file's child):
// makes stdout and stderr blocking. With --test-force-exit a child process exits as soon as its tests are
// done, and on a pipe the last of its report (the verdicts of a file's last tests) could still be queued:
// the parent then counted fewer tests than ran, with no failure (nodejs/node#64833; seen here as 362 to
// 376 of 376 tests from one run to the next). A blocking write is done when it returns.
for (const stream of [process.stdout, process.stderr]) stream._handle?.setBlocking?.(true);
