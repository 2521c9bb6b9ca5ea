export { RevealSecret } from './RevealSecret';
