// Validates every manifest in deploy/kubernetes twice, because each check misses what the other sees:
//  1. against the Kubernetes API's OpenAPI schemas (kubernetes-models): types, formats, required fields;
//  2. as TypeScript object literals of the API's types (kubernetes-types, tsc): any field the API does not
//     have, such as a misspelt livenessProbe that a cluster would drop without a word.
// Also checks that kustomization.yaml lists files that exist. Exit 1 with every problem on failure.
// Usage: npm ci --prefix deploy/validate && node deploy/validate/validate.mjs [DIR, default deploy/kubernetes]
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, existsSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const manifests = process.argv[2] ?? join(here, "..", "kubernetes");
const problems = [];
const documents = [];

for (const file of readdirSync(manifests).filter((f) => f.endsWith(".yaml")).sort()) {
  for (const [index, doc] of parseAllDocuments(readFileSync(join(manifests, file), "utf8")).entries()) {
    if (doc.errors.length > 0) {
      doc.errors.forEach((e) => problems.push(`${file}: ${e.message}`));
      continue;
    }
    const object = doc.toJS();
    if (object != null) {
      documents.push({ where: `${file}#${index + 1} ${object.kind}/${object.metadata?.name ?? object.metadata?.generateName ?? ""}`, file, object });
    }
  }
}

// Where each kind's model and type live: group/version/Kind (the core group has no group).
function location({ apiVersion, kind }) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  return { modelPath: `kubernetes-models/${group ? `${group}/` : ""}${version}/${kind}`, typePath: `kubernetes-types/${group ? `${group}/` : "core/"}${version}`, kind };
}

const typeChecks = [];
for (const { where, file, object } of documents) {
  if (object.kind === "Kustomization") {
    for (const resource of object.resources ?? []) {
      if (!existsSync(join(manifests, resource))) problems.push(`${where}: resource ${resource} does not exist`);
    }
    continue;
  }
  if (!object.apiVersion || !object.kind) {
    problems.push(`${where}: apiVersion and kind are required`);
    continue;
  }
  const { modelPath, typePath, kind } = location(object);
  let Model;
  try {
    Model = (await import(modelPath))[kind];
  } catch {
    problems.push(`${where}: ${object.apiVersion} ${kind} is not a Kubernetes API type`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (e) {
    problems.push(`${where}: ${e.message}`);
  }
  typeChecks.push({ where, file, typePath, kind, object });
}

// tsc reports an excess property of a literal at its line: one literal per line keeps the message readable.
const work = mkdtempSync(join(tmpdir(), "chorus-k8s-"));
try {
  const lines = typeChecks.map(({ typePath, kind }, i) => `import type { ${kind} as T${i} } from "${typePath}";`);
  typeChecks.forEach(({ object }, i) => lines.push(`export const d${i}: T${i} = ${JSON.stringify(object)};`));
  writeFileSync(join(work, "manifests.ts"), lines.join("\n") + "\n");
  const tsc = join(here, "node_modules", "typescript", "bin", "tsc");
  try {
    execFileSync(process.execPath, [tsc, "--noEmit", "--strict", "--skipLibCheck", "--moduleResolution", "bundler",
      "--module", "esnext", "--typeRoots", "[]", "--baseUrl", join(here, "node_modules"), join(work, "manifests.ts")],
      { cwd: here, encoding: "utf8" });
  } catch (e) {
    const importLines = typeChecks.length;
    for (const line of String(e.stdout).split("\n").filter((l) => l.includes("error TS"))) {
      const at = /manifests\.ts\((\d+),\d+\)/.exec(line);
      const check = at ? typeChecks[Number(at[1]) - 1 - importLines] : undefined;
      problems.push(`${check ? check.where : "manifests"}: ${line.replace(/^.*error TS\d+: /, "")}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (problems.length > 0) {
  problems.forEach((p) => console.error(`deploy/kubernetes/${p}`));
  console.error(`${documents.length} manifests, ${problems.length} problem(s)`);
  process.exit(1);
}
documents.forEach(({ where }) => console.log(`valid: deploy/kubernetes/${where}`));
console.log(`${documents.length} manifests valid against the Kubernetes API schemas and types`);
