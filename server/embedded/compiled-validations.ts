import couchEval from 'couchdb-eval';

/**
 * express-pouchdb's validation (pouchdb-validation) compiles every validate_doc_update again for
 * every document written: it reads the design documents and `eval`s their code — ours is all of
 * shared/domain's rules, bundled — once per document. Measured (bench:sync, 10,000 tasks pushed):
 * half the push was garbage collection of those compilations. Apache CouchDB's query server keeps
 * a design document's functions compiled; so does this, per design document revision: a new
 * revision (provisioning installs new rules) is compiled afresh. The compiled rules are pure
 * functions of their arguments, so one compilation serves every write.
 */
type Evaluate = typeof couchEval.evaluate;

/**
 * Design document revisions kept compiled, the least recently used going first. One per database:
 * provisioning writes each database's scope into its rules, so no two databases share code (a
 * server of 300 people has ~400 databases). Each entry holds its ~50 KB of code twice (the key and
 * the compiled function's source), so a full cache is ~100–150 MB; beyond it a write compiles
 * again, as before.
 */
const MAX_KEPT = 1_000;
const compiled = new Map<string, unknown>();
let installed = false;

const keyOf = (requireContext: unknown, program: string): string | undefined => {
  if (typeof requireContext !== 'object' || requireContext === null) return undefined;
  const { _id: id, _rev: rev } = requireContext as { _id?: unknown; _rev?: unknown };
  // Without a revision its content is not pinned down: compiled every time, as before.
  if (typeof id !== 'string' || typeof rev !== 'string') return undefined;
  return `${id}\n${rev}\n${program}`;
};

/** Makes express-pouchdb's validation compile each design document revision once. */
export const compileValidationsOnce = (): void => {
  if (installed) return;
  installed = true;
  const evaluate: Evaluate = couchEval.evaluate.bind(couchEval);
  couchEval.evaluate = (requireContext, extraVars, program) => {
    const key = keyOf(requireContext, program);
    const known = key === undefined ? undefined : compiled.get(key);
    if (key !== undefined && known !== undefined) {
      // Most recently used now: kept while writes come to its database.
      compiled.delete(key);
      compiled.set(key, known);
      return known;
    }
    const func = evaluate(requireContext, extraVars, program);
    if (key !== undefined) {
      compiled.set(key, func);
      if (compiled.size > MAX_KEPT) compiled.delete(compiled.keys().next().value ?? '');
    }
    return func;
  };
};
