export * from './coverage';
export * from './siting';
