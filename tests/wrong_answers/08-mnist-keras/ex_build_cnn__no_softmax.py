# 출력층에 softmax를 빠뜨림: 출력이 확률이 아님 / Forgot the softmax on the output layer: the outputs are not probabilities
def build_cnn(num_filters=(16, 32), dropout_rate=0.5, num_classes=10):
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(num_filters[0], 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(num_filters[1], 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dropout(dropout_rate),
        layers.Dense(num_classes),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
