export { FailurePanel, FailureLink, FAILURE_ANCHOR } from './FailurePanel';
