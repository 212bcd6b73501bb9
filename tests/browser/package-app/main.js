// Vite entry: the package imported by its name, as an app would.
import { createEngine } from 'activation-playground';
import { run } from './check.js';

run(createEngine);
