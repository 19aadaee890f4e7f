# 출력층에 softmax를 빠뜨림: 출력이 확률이 아님 / Forgot the softmax on the output layer: the outputs are not probabilities
def build_mlp(hidden_units=128, dropout_rate=0.2, num_classes=10):
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        layers.Flatten(),
        layers.Dense(hidden_units, activation="relu"),
        layers.Dropout(dropout_rate),
        layers.Dense(num_classes),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
