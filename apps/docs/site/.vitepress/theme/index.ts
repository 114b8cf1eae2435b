import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import JlDemo from './components/JlDemo.vue';
import MaxcutDemo from './components/MaxcutDemo.vue';
import StructureDemo from './components/StructureDemo.vue';
import './custom.css';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('StructureDemo', StructureDemo);
    app.component('MaxcutDemo', MaxcutDemo);
    app.component('JlDemo', JlDemo);
  },
} satisfies Theme;
