package org.json;

/** Parses a JSON (RFC 4627) encoded string into the corresponding object. */
public class JSONTokener {
    private final String in;
    private int pos;

    public JSONTokener(String in) {
        if (in != null && in.startsWith("\ufeff")) in = in.substring(1);
        this.in = in;
    }

    public Object nextValue() throws JSONException {
        int c = nextClean();
        switch (c) {
            case -1: throw syntaxError("End of input");
            case '{': return readObject();
            case '[': return readArray();
            case '"': case '\'': return nextString((char) c);
            default: pos--; return readLiteral();
        }
    }

    private int nextClean() {
        while (pos < in.length()) {
            char c = in.charAt(pos++);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return c;
        }
        return -1;
    }

    public String nextString(char quote) throws JSONException {
        StringBuilder sb = new StringBuilder();
        while (pos < in.length()) {
            char c = in.charAt(pos++);
            if (c == quote) return sb.toString();
            if (c == '\\') {
                if (pos >= in.length()) throw syntaxError("Unterminated escape sequence");
                char e = in.charAt(pos++);
                switch (e) {
                    case 'u':
                        if (pos + 4 > in.length()) throw syntaxError("Unterminated escape sequence");
                        sb.append((char) Integer.parseInt(in.substring(pos, pos + 4), 16));
                        pos += 4;
                        break;
                    case 't': sb.append('\t'); break;
                    case 'b': sb.append('\b'); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 'f': sb.append('\f'); break;
                    default: sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        throw syntaxError("Unterminated string");
    }

    private Object readLiteral() throws JSONException {
        int start = pos;
        while (pos < in.length() && "{}[]/\\:,=;# \t\n\r\f".indexOf(in.charAt(pos)) < 0) pos++;
        String literal = in.substring(start, pos);
        if (literal.isEmpty()) throw syntaxError("Expected literal value");
        if (literal.equals("null")) return JSONObject.NULL;
        if (literal.equals("true")) return Boolean.TRUE;
        if (literal.equals("false")) return Boolean.FALSE;
        try {
            if (literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0) {
                long l = Long.parseLong(literal);
                if (l <= Integer.MAX_VALUE && l >= Integer.MIN_VALUE) return (int) l;
                return l;
            }
            return Double.valueOf(literal);
        } catch (NumberFormatException e) {
            return literal;
        }
    }

    private JSONObject readObject() throws JSONException {
        JSONObject result = new JSONObject();
        int first = nextClean();
        if (first == '}') return result;
        if (first != -1) pos--;
        while (true) {
            Object name = nextValue();
            if (!(name instanceof String)) throw syntaxError("Names must be strings, but " + name + " is of type " + (name == null ? "null" : name.getClass().getName()));
            int sep = nextClean();
            if (sep != ':' && sep != '=') throw syntaxError("Expected ':' after " + name);
            result.put((String) name, nextValue());
            int c = nextClean();
            if (c == '}') return result;
            if (c != ',' && c != ';') throw syntaxError("Unterminated object");
        }
    }

    private JSONArray readArray() throws JSONException {
        JSONArray result = new JSONArray();
        int first = nextClean();
        if (first == ']') return result;
        if (first != -1) pos--;
        while (true) {
            result.put(nextValue());
            int c = nextClean();
            if (c == ']') return result;
            if (c != ',' && c != ';') throw syntaxError("Unterminated array");
        }
    }

    public JSONException syntaxError(String message) { return new JSONException(message + " at character " + pos); }
}
