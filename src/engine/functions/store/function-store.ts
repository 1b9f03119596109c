// Deployed functions in the data directory:
//   <data>/functions/<name>/versions/<000001>/{version.json, build.log, artifact files}
//   <data>/functions/<name>/current.json   {"version": N}   (the one that serves)
// A version directory is written completely under a temporary name and renamed into place, then
// current.json is replaced atomically: a failed or interrupted deploy never changes what serves.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AeroError } from '../../errors/aero-error.js';
import { artifactSha256 } from '../compile/artifact-hash.js';
import type { BuildStep, BuiltFunction } from '../compile/build-function.js';
import { GLUE_FILE } from '../compile/transpile-component.js';
import { assertFunctionName, type FunctionManifest } from '../function-manifest.js';

export interface DeployedVersion {
  name: string;
  version: number;
  sha256: string;
  bundle_sha256: string;
  deployed_at: string;
  manifest: FunctionManifest;
  files: Array<{ name: string; bytes: number }>;
  build: { steps: Array<{ step: BuildStep; ms: number }>; total_ms: number };
}

/** A deployed version plus where it lives. */
export interface StoredVersion extends DeployedVersion {
  dir: string;
  gluePath: string;
}

/** Versions kept per function (older ones are deleted after a deploy; replays of them then fail). */
export const KEPT_VERSIONS = 10;
const VERSION_DIGITS = 6;

export class FunctionStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'functions');
  }

  /** Names of deployed functions, sorted. */
  names(): string[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(this.root, entry.name, 'current.json')))
      .map((entry) => entry.name)
      .sort();
  }

  current(name: string): StoredVersion | null {
    const file = join(this.functionDir(name), 'current.json');
    if (!existsSync(file)) return null;
    const { version } = readJson(file) as { version: number };
    return this.version(name, version);
  }

  version(name: string, version: number): StoredVersion | null {
    const dir = this.#versionDir(name, version);
    const file = join(dir, 'version.json');
    if (!existsSync(file)) return null;
    const stored = readJson(file) as DeployedVersion;
    return { ...stored, dir, gluePath: join(dir, GLUE_FILE) };
  }

  /** The artifact's files, checked against the recorded sha256 (a modified artifact is refused). */
  readFiles(version: StoredVersion): Map<string, Uint8Array> {
    const files = new Map<string, Uint8Array>();
    for (const { name } of version.files) files.set(name, readFileSync(join(version.dir, name)));
    const sha = artifactSha256(files);
    if (sha !== version.sha256) {
      throw new AeroError('AERO_STORAGE_IO', `the artifact of function "${version.name}" v${version.version} was modified on disk (sha256 ${sha.slice(0, 12)}, recorded ${version.sha256.slice(0, 12)})`, {
        details: { function: version.name, version: version.version, dir: version.dir },
        hint: `Deploy the function again: aerodb deploy-function ${version.name}`,
      });
    }
    return files;
  }

  buildLog(version: StoredVersion): string {
    const file = join(version.dir, 'build.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /** Writes `built` as the next version and makes it current. */
  save(built: BuiltFunction, deployedAt: string): StoredVersion {
    assertFunctionName(built.name);
    const versionsDir = join(this.functionDir(built.name), 'versions');
    mkdirSync(versionsDir, { recursive: true });
    const version = this.#latestVersion(built.name) + 1;
    const record: DeployedVersion = {
      name: built.name,
      version,
      sha256: built.sha256,
      bundle_sha256: built.bundle_sha256,
      deployed_at: deployedAt,
      manifest: built.manifest,
      files: [...built.files].map(([name, bytes]) => ({ name, bytes: bytes.byteLength })),
      build: { steps: built.steps, total_ms: built.steps.reduce((sum, s) => sum + s.ms, 0) },
    };
    const temp = join(versionsDir, `.partial-${version}`);
    rmSync(temp, { recursive: true, force: true });
    mkdirSync(temp);
    for (const [name, bytes] of built.files) writeFileSync(join(temp, name), bytes);
    writeFileSync(join(temp, 'build.log'), `${built.log.join('\n')}\n`);
    writeFileSync(join(temp, 'version.json'), `${JSON.stringify(record, null, 2)}\n`);
    const dir = this.#versionDir(built.name, version);
    renameSync(temp, dir);
    const current = join(this.functionDir(built.name), 'current.json');
    writeFileSync(`${current}.tmp`, `${JSON.stringify({ version })}\n`);
    renameSync(`${current}.tmp`, current);
    this.#prune(built.name, version);
    return { ...record, dir, gluePath: join(dir, GLUE_FILE) };
  }

  functionDir(name: string): string {
    assertFunctionName(name);
    return join(this.root, name);
  }

  #versions(name: string): number[] {
    const dir = join(this.functionDir(name), 'versions');
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number)
      .sort((a, b) => a - b);
  }

  #latestVersion(name: string): number {
    return this.#versions(name).at(-1) ?? 0;
  }

  #versionDir(name: string, version: number): string {
    return join(this.functionDir(name), 'versions', String(version).padStart(VERSION_DIGITS, '0'));
  }

  #prune(name: string, current: number): void {
    const versions = this.#versions(name).filter((v) => v !== current);
    for (const version of versions.slice(0, Math.max(0, versions.length - (KEPT_VERSIONS - 1)))) {
      rmSync(this.#versionDir(name, version), { recursive: true, force: true });
    }
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AeroError('AERO_STORAGE_IO', `could not read ${file}: ${(error as Error).message}`, { details: { file }, cause: error });
  }
}
