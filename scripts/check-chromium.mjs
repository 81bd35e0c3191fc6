// `npm test` installs nothing by itself: it stops here with a clear message when Chromium is missing.
import { accessSync, constants } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
try {
  accessSync(path, constants.X_OK);
} catch {
  console.error(`
Chromium was not found at ${path}; the end-to-end tests need it.
Install Debian's package (as root):   apt-get update && apt-get install -y chromium
or point CHROMIUM_PATH at another Chromium binary. (.ci/run installs it automatically.)
`);
  process.exit(1);
}
