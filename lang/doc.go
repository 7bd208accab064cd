// Package lang reads a portfolio: it finds the configuration files
// (Discover), parses each one as HCL native syntax or JSON and decodes it
// into the model (ParseFile, LoadFiles, or LoadSources for files held in
// memory: Reseller, Company, the catalog's declarations, each with its
// source ranges), and assembles the files with
// the built-in catalog into one Portfolio (Load, Assemble). The checker,
// the outputs and the commands build on it; it imports none of them, only
// package ruleid, the names of the rules.
//
// Loading never stops at the first problem. What cannot be read becomes a
// Diagnostic beside a partial model: a file that does not parse, is not
// UTF-8 or is too large (rule syntax), an unknown block or attribute, a
// value that is not a plain literal or of the wrong type (schema), a
// repeated block or object key (duplicate). The loader names each finding's
// rule (package ruleid) and leaves its severity to the checker's registry.
// Everything that needs more than one block at a time (references, the
// chain of reseller, flags and permissions, the catalog's rules) is the
// checker's.
//
// Two things here decode, and they are named apart: the model decoder
// (modelDecoder, decode.go and expr.go) turns parsed HCL into the model,
// reporting diagnostics; the cache's codec (codec.go) writes that model as
// binary entries and reads them back, so that an unchanged file is not
// parsed again (Cache).
//
// Values are cty values, converted once to the type the language or the
// catalog gives an attribute; a number is written back as the decimal it
// was written as (Decimal), and currency codes follow ISO 4217
// (CurrencyMinorUnits). Ignore comments
// ("# tixcfg:ignore RULE -- reason") are lexed here and applied by the
// checker.
package lang
