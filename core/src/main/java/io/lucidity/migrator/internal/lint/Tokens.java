package io.lucidity.migrator.internal.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One SQL statement read into PostgreSQL tokens: words (keywords and unquoted names, lower-cased), quoted names,
 * string constants (plain, {@code E'...'} and dollar-quoted), numbers and punctuation, each with its line in the
 * statement. Comments are skipped; {@code -- migrator:allow} comments are kept aside for suppression. Not a grammar:
 * the rules walk the tokens with {@link #at}, {@link #is} and {@link #find}.
 */
final class Tokens {
    /** What a token is. */
    enum Kind {
        WORD,
        QUOTED,
        STRING,
        NUMBER,
        PUNCT
    }

    /** A token; {@code text} is lower-cased for a word, unquoted for a quoted name or a string. */
    record Token(Kind kind, String text, int line, int depth, int start, int end) {
        boolean word(String w) {
            return kind == Kind.WORD && text.equals(w);
        }

        boolean punct(char c) {
            return kind == Kind.PUNCT && text.length() == 1 && text.charAt(0) == c;
        }

        /** A name: an unquoted word or a quoted name. */
        boolean name() {
            return kind == Kind.WORD || kind == Kind.QUOTED;
        }
    }

    private final String sql;
    private final List<Token> tokens;
    private final List<String> comments;

    private Tokens(String sql, List<Token> tokens, List<String> comments) {
        this.sql = sql;
        this.tokens = tokens;
        this.comments = comments;
    }

    /** Reads a statement. Lines count from 0 at the statement's first character. */
    static Tokens read(String sql) {
        List<Token> out = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        int line = 0;
        int depth = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                comments.add(sql.substring(i + 2, end).trim());
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int nest = 0;
                int start = i;
                while (i < n) {
                    if (sql.startsWith("/*", i)) {
                        nest++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        nest--;
                        i += 2;
                        if (nest == 0) {
                            break;
                        }
                    } else {
                        if (sql.charAt(i) == '\n') {
                            line++;
                        }
                        i++;
                    }
                }
                comments.add(sql.substring(start, Math.min(i, n)));
            } else if (c == '\'' || ((c == 'e' || c == 'E') && i + 1 < n && sql.charAt(i + 1) == '\'')) {
                boolean escapes = c != '\'';
                int begin = i;
                int startLine = line;
                i += escapes ? 2 : 1;
                StringBuilder text = new StringBuilder();
                while (i < n) {
                    char d = sql.charAt(i);
                    if (d == '\n') {
                        line++;
                    }
                    if (escapes && d == '\\' && i + 1 < n) {
                        text.append(sql.charAt(i + 1));
                        i += 2;
                    } else if (d == '\'' && i + 1 < n && sql.charAt(i + 1) == '\'') {
                        text.append('\'');
                        i += 2;
                    } else if (d == '\'') {
                        i++;
                        break;
                    } else {
                        text.append(d);
                        i++;
                    }
                }
                out.add(new Token(Kind.STRING, text.toString(), startLine, depth, begin, i));
            } else if (c == '"') {
                int begin = i;
                int startLine = line;
                i++;
                StringBuilder text = new StringBuilder();
                while (i < n) {
                    char d = sql.charAt(i);
                    if (d == '"' && i + 1 < n && sql.charAt(i + 1) == '"') {
                        text.append('"');
                        i += 2;
                    } else if (d == '"') {
                        i++;
                        break;
                    } else {
                        if (d == '\n') {
                            line++;
                        }
                        text.append(d);
                        i++;
                    }
                }
                out.add(new Token(Kind.QUOTED, text.toString(), startLine, depth, begin, i));
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int begin = i;
                int startLine = line;
                int end = sql.indexOf(tag, i + tag.length());
                end = end < 0 ? n : end;
                String body = sql.substring(i + tag.length(), end);
                line += (int) body.chars().filter(ch -> ch == '\n').count();
                i = Math.min(n, end + tag.length());
                out.add(new Token(Kind.STRING, body, startLine, depth, begin, i));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n
                        && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                out.add(new Token(Kind.WORD, sql.substring(start, i).toLowerCase(Locale.ROOT), line, depth, start, i));
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, sql.substring(start, i), line, depth, start, i));
            } else {
                if (c == ')') {
                    depth--;
                }
                out.add(new Token(Kind.PUNCT, String.valueOf(c), line, depth, i, i + 1));
                if (c == '(') {
                    depth++;
                }
                i++;
            }
        }
        return new Tokens(sql, out, comments);
    }

    /** The {@code $tag$} starting at {@code i}, or null. */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j < sql.length() && sql.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
            return sql.substring(i, j + 1);
        }
        return null;
    }

    int size() {
        return tokens.size();
    }

    /** The token at {@code i}, or null past the end. */
    Token at(int i) {
        return i >= 0 && i < tokens.size() ? tokens.get(i) : null;
    }

    /** Whether the tokens from {@code i} are these words, in order. */
    boolean is(int i, String... words) {
        for (int k = 0; k < words.length; k++) {
            Token t = at(i + k);
            if (t == null || !t.word(words[k])) {
                return false;
            }
        }
        return true;
    }

    /** The first index at or after {@code from} where {@link #is} holds at the depth of {@code from}, or -1. */
    int find(int from, String... words) {
        Token first = at(from);
        int depth = first == null ? 0 : first.depth();
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).depth() == depth && is(i, words)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether any token of [from, to) at any depth is the word {@code w}. */
    boolean contains(int from, int to, String w) {
        for (int i = Math.max(0, from); i < Math.min(to, tokens.size()); i++) {
            if (tokens.get(i).word(w)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The ends of the comma-separated items of [from, to) at the depth of {@code from}: each item is [start, end).
     */
    List<int[]> items(int from, int to) {
        List<int[]> items = new ArrayList<>();
        Token first = at(from);
        if (first == null) {
            return items;
        }
        int depth = first.depth();
        int start = from;
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (t.depth() == depth && t.punct(',')) {
                items.add(new int[] {start, i});
                start = i + 1;
            }
        }
        if (start < to) {
            items.add(new int[] {start, to});
        }
        return items;
    }

    /** The index after the closing parenthesis of the one opened at {@code open}. */
    int afterParens(int open) {
        Token o = at(open);
        if (o == null || !o.punct('(')) {
            return open;
        }
        for (int i = open + 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.punct(')') && t.depth() == o.depth()) {
                return i + 1;
            }
        }
        return tokens.size();
    }

    /** The source text of [from, to), whitespace runs as single spaces, for messages and fixes. */
    String text(int from, int to) {
        int a = Math.max(0, from);
        int b = Math.min(to, tokens.size());
        if (a >= b) {
            return "";
        }
        return sql.substring(tokens.get(a).start(), tokens.get(b - 1).end()).replaceAll("\\s+", " ");
    }

    /** The comments of the statement (text after {@code --}, or the whole block comment). */
    List<String> comments() {
        return comments;
    }
}
