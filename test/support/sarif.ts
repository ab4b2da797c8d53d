/** A validator for SARIF logs: the OASIS 2.1.0 schema (test/schemas), draft-04, with its formats checked. */
import fs from "node:fs";
import path from "node:path";
import AjvModule from "ajv-draft-04";
import formatsModule from "ajv-formats";

export function sarifValidator(root = process.cwd()): (log: unknown) => unknown[] {
  const schema = JSON.parse(fs.readFileSync(path.join(root, "test/schemas/sarif-schema-2.1.0.json"), "utf8"));
  // ajv-draft-04 is CommonJS: its class is the module's `default` under NodeNext typing.
  type AjvClass = typeof AjvModule.default;
  const Ajv: AjvClass = (AjvModule as unknown as { default?: AjvClass }).default ?? (AjvModule as unknown as AjvClass);
  const ajv = new Ajv({ strict: false, allErrors: true });
  // The schema's "uri", "uri-reference" and "date-time" formats are checked, not ignored.
  const addFormats = (formatsModule as unknown as { default?: (a: unknown) => void }).default ?? (formatsModule as unknown as (a: unknown) => void);
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (log) => (validate(log) ? [] : [...(validate.errors ?? [])]);
}
