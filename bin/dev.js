#!/usr/bin/env node
// Runs the CLI from src/ through tsx (no build needed). Ignores a stale oclif.manifest.json.
import { execute } from '@oclif/core';

await execute({ development: true, dir: import.meta.url });
