// No bundler: the installed package's dist/ served as is, imported by path.
import * as pkg from './node_modules/activation-playground/dist/index.js';
import { run } from './check.js';

run(pkg);
