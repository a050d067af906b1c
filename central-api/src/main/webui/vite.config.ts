import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// central-api serves the build from its classpath (META-INF/resources): no CDN, works offline
export default defineConfig({
  plugins: [preact()],
  build: {
    outDir: '../../../target/classes/META-INF/resources',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
});
