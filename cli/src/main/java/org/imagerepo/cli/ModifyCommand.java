package org.imagerepo.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "modify", sortOptions = false,
        description = {
                "Change fields of an image you own and show it afterwards.",
                "Example:  imagerepo modify ID os=centos vmtype=kvm tag=hadoop,mpi",
                "Fields: name, os, description, tag (comma-separated), vmType, imgType, permission, imgStatus, "
                        + "arch, diskFormat (case-insensitive; vmtype and imgtype as in the original system)."
        })
final class ModifyCommand extends RepositoryCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "the image's id")
    String id;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE", converter = AssignmentConverter.class,
            description = "a field and its new value")
    List<Map.Entry<String, Object>> assignments;

    @Override
    public Integer call() {
        Map<String, Object> changes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> a : assignments) {
            changes.put(a.getKey(), a.getValue());
        }
        ShowCommand.print(spec, output, root.client(spec).images().modify(id, changes));
        return 0;
    }

    /** Turns {@code key=value} into an entry; anything else is a usage error. */
    static final class AssignmentConverter implements CommandLine.ITypeConverter<Map.Entry<String, Object>> {
        @Override
        public Map.Entry<String, Object> convert(String value) {
            try {
                return Attributes.assignment(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
