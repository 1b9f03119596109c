// The English stop words removed by `language: "english"` text indexes: the classic 33-word list
// Lucene's EnglishAnalyzer uses by default. A short list keeps meaningful words ("not", "can") out
// of it while dropping the function words that would match almost every document.
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into', 'is', 'it', 'no', 'not',
  'of', 'on', 'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these', 'they', 'this', 'to', 'was',
  'will', 'with',
]);
