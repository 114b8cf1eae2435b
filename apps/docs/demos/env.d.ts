// Asset imports resolved by the site's bundler (vite): `?url` gives the served URL of a file.
declare module '*?url' {
  const url: string;
  export default url;
}
