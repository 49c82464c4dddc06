package org.imagerepo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "remove", aliases = "rm", sortOptions = false, description = "Remove images and their files.")
final class RemoveCommand extends RepositoryCommand {

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "ID", description = "the id of an image to remove")
    List<String> ids;

    @Override
    public Integer call() {
        List<Map<String, Object>> removed = new ArrayList<>();
        for (String id : ids) {
            root.client(spec).images().remove(id);
            if (output.json()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("imgId", id);
                result.put("removed", true);
                removed.add(result);
            } else {
                spec.commandLine().getOut().println("removed " + id);
                spec.commandLine().getOut().flush();
            }
        }
        if (output.json()) {
            Output.json(spec.commandLine().getOut(), removed.size() == 1 ? removed.get(0) : removed);
        }
        return 0;
    }
}
