package io.egress4j.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * conf/egress.yaml read as documentation: every key (also the commented-out ones, such as the storage providers),
 * its value as written and the comment beside it, continued on the comment lines aligned under it.
 */
final class EgressYaml {

    /** A key: dotted path, value text, meaning, commented out or not, line number. */
    record Entry(String key, String value, String meaning, boolean commented, int line) {
    }

    private static final Pattern KEY = Pattern.compile("^( *)([a-z0-9_]+):(?: +(.*))?$");
    private static final Pattern COMMENTED_KEY = Pattern.compile("^( *)# ( *[a-z0-9_]+:(?: .*)?)$");

    private EgressYaml() {
    }

    static Map<String, Entry> read(Path file) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        Deque<int[]> indents = new ArrayDeque<>();
        Deque<String> path = new ArrayDeque<>();
        List<String> lines = Files.readAllLines(file);
        Entry last = null;
        int lastCommentColumn = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean commented = false;
            int shift = 0;
            Matcher commentedKey = COMMENTED_KEY.matcher(line);
            if (commentedKey.matches()) {
                line = commentedKey.group(1) + commentedKey.group(2);
                commented = true;
                shift = 2;
            } else if (line.strip().startsWith("#")) {
                int column = continuationColumn(line, last != null && last.commented());
                if (last != null && column == lastCommentColumn) {
                    last = new Entry(last.key(), last.value(), last.meaning() + " "
                            + line.substring(column + 1).strip(), last.commented(), last.line());
                    entries.put(last.key(), last);
                } else {
                    last = null;
                }
                continue;
            }
            if (line.isBlank()) {
                last = null;
                continue;
            }
            Matcher key = KEY.matcher(line);
            if (!key.matches()) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": not a key: " + line);
            }
            int indent = key.group(1).length();
            while (!indents.isEmpty() && indents.peek()[0] >= indent) {
                indents.pop();
                path.removeLast();
            }
            indents.push(new int[] {indent});
            path.addLast(key.group(2));
            String rest = key.group(3) == null ? "" : key.group(3);
            int comment = commentStart(rest);
            String value = (comment < 0 ? rest : rest.substring(0, comment)).strip();
            String meaning = comment < 0 ? "" : rest.substring(comment + 1).strip();
            lastCommentColumn = comment < 0 ? -1 : line.length() - rest.length() + comment + shift;
            last = new Entry(String.join(".", path), value, meaning, commented, i + 1);
            entries.put(last.key(), last);
        }
        return entries;
    }

    /** The column of the comment a comment-only line continues: its second '#' inside a commented-out block. */
    private static int continuationColumn(String line, boolean inCommentedBlock) {
        int first = line.indexOf('#');
        if (inCommentedBlock) {
            int second = line.indexOf('#', first + 1);
            return second > first && line.substring(first + 1, second).isBlank() ? second : -1;
        }
        return first;
    }

    /** Where the comment starts in "value  # comment", outside quotes; -1 for none. */
    private static int commentStart(String rest) {
        boolean quoted = false;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted && (i == 0 || rest.charAt(i - 1) == ' ')) {
                return i;
            }
        }
        return -1;
    }
}
