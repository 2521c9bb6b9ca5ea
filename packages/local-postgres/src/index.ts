/**
 * A throwaway PostgreSQL server for local runs and tests.
 *
 * @packageDocumentation
 */
export { startLocalPostgres } from './LocalPostgres';
export type { LocalPostgres, LocalPostgresOptions } from './LocalPostgres';
export { findPostgresBinaries } from './findPostgresBinaries';
export { createSelfSignedCertificate } from './selfSignedCertificate';
export type { SelfSignedCertificate } from './selfSignedCertificate';
export type { PostgresBinaries } from './findPostgresBinaries';
