import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Rendering whole pages with user events takes seconds on a busy two-core
// machine that runs the integration suites alongside: 5 s per test and 1 s
// per `findBy…` are too tight there.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });
