/** The analysis draws from the project's one seeded generator (shared/random.ts). */
export { seededRandom, type Random } from '../random.js';
