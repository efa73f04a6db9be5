import { defineConfig } from 'vite';

/**
 * The teacher page is static: one HTML file, one script, one stylesheet.
 * Assets get content hashes so CloudFront and browsers may cache them for a
 * year, while index.html is served `no-cache` (see infra/web.ts).
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Inline nothing: the Content-Security-Policy allows scripts and styles from 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: true,
  },
});
