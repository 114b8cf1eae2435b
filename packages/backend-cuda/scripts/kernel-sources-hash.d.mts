/** The repository root. */
export declare const repoRoot: string;
/** The command that re-records kernels-used.json (run from the repository root). */
export declare const REFRESH_COMMAND: string;
/** Repository-relative paths of the files the hash covers, sorted. */
export declare function kernelSourceFiles(folders: readonly string[]): string[];
/** SHA-256 over each covered file's path and content, and how many files it covers. */
export declare function kernelSourcesHash(folders: readonly string[]): { sha256: string; files: number };
