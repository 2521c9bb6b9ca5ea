import '@testing-library/jest-dom';

// Rendering whole pages with user events takes seconds on a busy two-core
// machine that runs the integration suites alongside; 5 s is too tight.
jest.setTimeout(30_000);
