/** The operations' contract: schemas (request, response, limits) shared by CLI, API, OpenAPI and web. */
export * from './operations.ts';
export * from './file-operations.ts';
export { field, type CliForm, type Field } from './fields.ts';
export { limitsOf, limitsOfJson, limitsText, type FieldLimits } from './limits.ts';
export * from './served.ts';
export type { RunResult } from '../analysis/result-schema.ts';
export type { GasRunResult, PublishedResult } from '../analysis/gas-words.ts';
export type { BacktestReport, BypassReport, CompareReport, CriticalityReport, LeverageReport, PowerReport, RiskReport, RulesReport } from '../analysis/analysis-schemas.ts';
