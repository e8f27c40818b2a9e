// Writes the expected ids of the conformance prompts, as encoded by Hugging Face tokenizers (Rust) through
// DJL's binding, which bundles its native library in the jar and so runs offline. Not part of the build:
//   java -cp <ai.djl.huggingface:tokenizers:0.36.0 and its dependencies> gen/DjlOracle.java \
//        <tokenizer.json> <prompts.json> <out.json>
// prompts.json is a JSON array of strings; out.json an array of {"prompt", "ids"} (begin and end included).
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class DjlOracle {
    public static void main(String[] args) throws Exception {
        Gson gson = new GsonBuilder().disableHtmlEscaping().create();
        String[] prompts = gson.fromJson(Files.readString(Path.of(args[1])), String[].class);
        List<Map<String, Object>> out = new ArrayList<>();
        try (var tokenizer = HuggingFaceTokenizer.newInstance(Path.of(args[0]), Map.of("truncation", "false"))) {
            for (String prompt : prompts) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("prompt", prompt);
                entry.put("ids", tokenizer.encode(prompt).getIds());
                out.add(entry);
            }
        }
        StringBuilder json = new StringBuilder("[\n");
        for (int i = 0; i < out.size(); i++) {
            json.append(' ').append(gson.toJson(out.get(i))).append(i + 1 < out.size() ? ",\n" : "\n");
        }
        Files.writeString(Path.of(args[2]), json.append("]\n").toString());
    }
}
