import Handlebars from "handlebars"
import { MedusaError } from "@medusajs/framework/utils"
import { fieldError, type NewsletterError } from "../../modules/newsletter/errors"
import { TEMPLATE_VARIABLES } from "./variables"

/** Which part of an article a template came from, for error messages. */
export type TemplateField = "subject" | "body"

const KNOWN_VARIABLES = new Set<string>(TEMPLATE_VARIABLES)
const BLOCK_HELPERS = new Set(["if", "unless"])

/**
 * A Handlebars environment of our own, so helpers or partials that other code registers on the
 * global instance never reach newsletter templates.
 */
export const handlebars = Handlebars.create()

/**
 * Compile options for every newsletter template. Escaping is done on the data, not by
 * Handlebars (see `compile.ts`), so `{{x}}` and `{{{x}}}` render the same escaped value; only
 * `if`/`unless` are helpers, which also makes unknown helpers a compile error.
 */
export const COMPILE_OPTIONS: CompileOptions = {
  noEscape: true,
  knownHelpersOnly: true,
  knownHelpers: {
    if: true,
    unless: true,
    each: false,
    with: false,
    log: false,
    lookup: false,
    helperMissing: false,
    blockHelperMissing: false,
  },
}

/**
 * Parses a template (custom tags already replaced) into a Handlebars AST.
 *
 * @throws NewsletterError INVALID_DATA `Invalid Handlebars in body (line 2): …`, code
 * `template_block_not_closed` {field, line} when the template ends inside a block,
 * `invalid_template` {field, line} for another mistake on a known line, else
 * `invalid_template_syntax` {field}; the field's problem too.
 */
export function parseTemplate(source: string, field: TemplateField): hbs.AST.Program {
  try {
    return handlebars.parse(source)
  } catch (e) {
    const { code, line, text } = describeParseError(e)
    throw fieldError(
      MedusaError.Types.INVALID_DATA,
      code,
      `Invalid Handlebars in ${field}${text}`,
      field,
      line === undefined ? { field } : { field, line }
    )
  }
}

// Handlebars reports "Parse error on line 2:\n<excerpt>\n----^\nExpecting …, got 'EOF'" or
// "if doesn't match unless - 1:3". The excerpt shows `{{customer_name}}` where the owner wrote
// `<#顧客名>`, so keep the line and the reason only.
function describeParseError(e: unknown): { code: string; line?: number; text: string } {
  const message = e instanceof Error ? e.message : String(e)
  const parse = /^Parse error on line (\d+):[\s\S]*\n(Expecting .*)$/.exec(message)
  if (parse) {
    const line = Number(parse[1])
    return parse[2].endsWith("got 'EOF'")
      ? {
          code: "template_block_not_closed",
          line,
          text: ` (line ${line}): the template ends inside a block (is a {{/if}} or {{/unless}} missing?)`,
        }
      : { code: "invalid_template", line, text: ` (line ${line}): ${parse[2]}` }
  }
  const located = /^([\s\S]*?) - (\d+):\d+$/.exec(message)
  if (located) {
    const line = Number(located[2])
    return { code: "invalid_template", line, text: ` (line ${line}): ${located[1]}` }
  }
  return { code: "invalid_template_syntax", text: `: ${message}` }
}

/**
 * Checks that a parsed template uses only what a newsletter can render for every recipient:
 * `{{variable}}` (or `{{{variable}}}`), `{{#if variable}}`/`{{#unless variable}}` with
 * `{{else}}`, and comments, over {@link TEMPLATE_VARIABLES}. Anything else (partials, `each`,
 * `@data`, helpers with arguments) would fail or render nothing at send time.
 *
 * @throws MedusaError INVALID_DATA naming the expression and its line.
 */
export function validateTemplate(program: hbs.AST.Program, field: TemplateField): void {
  for (const statement of program.body) {
    validateStatement(statement, field)
  }
}

function validateStatement(node: hbs.AST.Statement, field: TemplateField): void {
  switch (node.type) {
    case "ContentStatement":
    case "CommentStatement":
      return
    case "MustacheStatement": {
      const mustache = node as hbs.AST.MustacheStatement
      if (mustache.params.length || mustache.hash) {
        throw unsupported(mustache, field)
      }
      assertKnownVariable(mustache.path, mustache, field)
      return
    }
    case "BlockStatement": {
      const block = node as hbs.AST.BlockStatement
      if (
        !isPlainName(block.path) ||
        !BLOCK_HELPERS.has(block.path.original) ||
        block.params.length !== 1 ||
        block.hash ||
        block.program?.blockParams?.length
      ) {
        throw unsupported(block, field)
      }
      assertKnownVariable(block.params[0], block, field)
      if (block.program) validateTemplate(block.program, field)
      if (block.inverse) validateTemplate(block.inverse, field)
      return
    }
    default:
      // Partials, partial blocks, decorators and raw blocks.
      throw unsupported(node, field)
  }
}

function isPlainName(node: hbs.AST.Node): node is hbs.AST.PathExpression {
  const path = node as hbs.AST.PathExpression
  return path.type === "PathExpression" && !path.data && path.depth === 0 && path.parts.length === 1
}

function assertKnownVariable(
  node: hbs.AST.Node,
  statement: hbs.AST.Node,
  field: TemplateField
): void {
  if (!isPlainName(node)) {
    throw unsupported(statement, field)
  }
  if (!KNOWN_VARIABLES.has(node.parts[0])) {
    throw fieldError(
      MedusaError.Types.INVALID_DATA,
      "unknown_variable",
      `Unknown variable "${node.original}" in ${field} (line ${statement.loc.start.line}). ` +
        `Valid variables: ${TEMPLATE_VARIABLES.join(", ")}`,
      field,
      { variable: node.original, field, line: statement.loc.start.line, valid: [...TEMPLATE_VARIABLES] }
    )
  }
}

function unsupported(node: hbs.AST.Node, field: TemplateField): NewsletterError {
  const expression = describe(node)
  return fieldError(
    MedusaError.Types.INVALID_DATA,
    "unsupported_template_expression",
    `Unsupported Handlebars ${expression} in ${field} (line ${node.loc.start.line}). ` +
      "Only {{variable}}, {{#if variable}} and {{#unless variable}} are allowed",
    field,
    { expression, field, line: node.loc.start.line }
  )
}

// A short rendering of the offending expression; the AST does not keep the source text.
function describe(node: hbs.AST.Node): string {
  const anyNode = node as hbs.AST.Node & {
    path?: hbs.AST.Node
    name?: hbs.AST.Node
    params?: hbs.AST.Node[]
  }
  const head = anyNode.path ?? anyNode.name
  const words = [head, ...(anyNode.params ?? [])].filter(Boolean).map((n) => expression(n!))
  switch (node.type) {
    case "BlockStatement":
      return `{{#${words.join(" ")}}}`
    case "PartialStatement":
    case "PartialBlockStatement":
      return `{{> ${words.join(" ")}}}`
    case "MustacheStatement":
      return `{{${words.join(" ")}}}`
    default:
      return node.type
  }
}

function expression(node: hbs.AST.Node): string {
  const value = node as hbs.AST.Node & { original?: unknown; path?: hbs.AST.Node }
  if (node.type === "SubExpression" && value.path) {
    return `(${expression(value.path)} …)`
  }
  if (node.type === "StringLiteral") {
    return JSON.stringify(value.original)
  }
  return String(value.original ?? node.type)
}

/**
 * Whether the template prints `variable` outside any `{{#if}}`/`{{#unless}}` block, i.e. for
 * every recipient. Used to tell whether the body already carries its own unsubscribe link.
 */
export function printsUnconditionally(program: hbs.AST.Program, variable: string): boolean {
  return program.body.some((node) => {
    if (node.type !== "MustacheStatement") return false
    const path = (node as hbs.AST.MustacheStatement).path
    return isPlainName(path) && path.parts[0] === variable
  })
}
