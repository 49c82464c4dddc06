package org.imagerepo.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** What every subcommand has: the root command (for the client), its own spec, and the output options. */
abstract class RepositoryCommand implements Callable<Integer> {

    @ParentCommand
    ImageRepoCli root;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;
}
