package org.nabla.spark.cli;

import java.util.Map;
import org.nabla.cli.RunRecipe;
import org.nabla.data.DataLoader;
import org.nabla.io.Json;
import org.nabla.nn.Module;
import org.nabla.spark.train.ReplicaRecipe;
import org.nabla.train.Trainer;
import org.nabla.train.gradient.GradientAllReduce;

/** The replica of a {@code nabla train} recipe: its model, optimizer and schedule, rebuilt on the executor from JSON. */
record RecipeReplica(String recipeJson, String metadataJson, int classes, int[] sampleShape) implements ReplicaRecipe {
    @Override
    public Trainer build(Replica replica, DataLoader train, GradientAllReduce allReduce, int totalSteps) {
        RunRecipe recipe = RunRecipe.fromJson(recipeJson);
        Module model = recipe.newModel(classes, sampleShape);
        Map<String, Object> metadata = Json.parseObject(metadataJson);
        return recipe.trainer(model, train, totalSteps, metadata).allReduce(allReduce).build();
    }
}
