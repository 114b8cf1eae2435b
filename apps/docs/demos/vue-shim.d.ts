// Single-file components, compiled by the site's bundler; typed as components for the theme.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
